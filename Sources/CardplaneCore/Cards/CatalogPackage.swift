/// A package with the digits and scheme of its BIN, as the package list shows it.
public struct CatalogPackage: Sendable, Equatable {
    public var package: CardPackage
    public var bin: String
    public var organization: CardOrganization

    public init(package: CardPackage, bin: String, organization: CardOrganization) {
        self.package = package
        self.bin = bin
        self.organization = organization
    }
}
