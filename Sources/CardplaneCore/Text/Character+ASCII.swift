extension Character {
    /// `0`–`9` only (not other scripts' digits, which `isNumber` accepts).
    public var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
