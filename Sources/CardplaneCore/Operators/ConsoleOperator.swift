/// Someone who signs in to the operator console.
public struct ConsoleOperator: Sendable, Equatable {
    /// What an operator may do in the console.
    public enum Role: String, Sendable, CaseIterable {
        /// Reads every page and acts: disables merchants, revokes keys, replays callbacks, freezes cards.
        case admin
        /// Reads every page; acts on nothing.
        case viewer
    }

    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// Whether `name` is a usable account name: 3 to 64 letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        (3...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D
            }
    }
}
