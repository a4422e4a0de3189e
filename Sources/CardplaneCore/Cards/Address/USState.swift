/// The state codes of US addresses (USPS two-letter codes) and their English names.
///
/// Covers the 50 states, the District of Columbia, the territories and freely associated states
/// that use US ZIP codes, and the Armed Forces codes of military mail (APO/FPO/DPO).
enum USState {
    /// USPS code → accepted English names (the first is the official one).
    static let namesByCode: [String: [String]] = [
        "AL": ["Alabama"], "AK": ["Alaska"], "AZ": ["Arizona"], "AR": ["Arkansas"], "CA": ["California"],
        "CO": ["Colorado"], "CT": ["Connecticut"], "DE": ["Delaware"], "FL": ["Florida"], "GA": ["Georgia"],
        "HI": ["Hawaii"], "ID": ["Idaho"], "IL": ["Illinois"], "IN": ["Indiana"], "IA": ["Iowa"],
        "KS": ["Kansas"], "KY": ["Kentucky"], "LA": ["Louisiana"], "ME": ["Maine"], "MD": ["Maryland"],
        "MA": ["Massachusetts"], "MI": ["Michigan"], "MN": ["Minnesota"], "MS": ["Mississippi"],
        "MO": ["Missouri"], "MT": ["Montana"], "NE": ["Nebraska"], "NV": ["Nevada"], "NH": ["New Hampshire"],
        "NJ": ["New Jersey"], "NM": ["New Mexico"], "NY": ["New York"], "NC": ["North Carolina"],
        "ND": ["North Dakota"], "OH": ["Ohio"], "OK": ["Oklahoma"], "OR": ["Oregon"], "PA": ["Pennsylvania"],
        "RI": ["Rhode Island"], "SC": ["South Carolina"], "SD": ["South Dakota"], "TN": ["Tennessee"],
        "TX": ["Texas"], "UT": ["Utah"], "VT": ["Vermont"], "VA": ["Virginia"], "WA": ["Washington"],
        "WV": ["West Virginia"], "WI": ["Wisconsin"], "WY": ["Wyoming"],
        "DC": ["District of Columbia"],
        "PR": ["Puerto Rico"], "VI": ["U.S. Virgin Islands", "US Virgin Islands", "Virgin Islands"], "GU": ["Guam"],
        "AS": ["American Samoa"], "MP": ["Northern Mariana Islands"],
        "FM": ["Federated States of Micronesia", "Micronesia"], "MH": ["Marshall Islands"], "PW": ["Palau"],
        "AA": ["Armed Forces Americas"], "AE": ["Armed Forces Europe"], "AP": ["Armed Forces Pacific"],
    ]

    /// ``AddressText/placeKey(_:)`` of a code or name → the USPS code.
    static let codesByKey: [String: String] = {
        var codes: [String: String] = [:]
        for (code, names) in namesByCode {
            codes[code] = code
            for name in names { codes[AddressText.placeKey(name)] = code }
        }
        return codes
    }()

    /// The USPS code for a code or English name, case-insensitive (`"ca"`, `"California"`,
    /// `"new  york"`, `"U.S. Virgin Islands"`); nil for anything else.
    static func code(for state: String) -> String? {
        codesByKey[AddressText.placeKey(state)]
    }
}
