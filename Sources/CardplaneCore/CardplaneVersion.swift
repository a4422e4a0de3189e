/// The version of this build of Cardplane, printed by `cardplane --version` and logged at start.
public enum CardplaneVersion {
    public static let current = "0.11.0"
}
