extension ErrorCode {
    /// The catalogued message for this code in `language`.
    ///
    /// English texts are the seed's, word for word; Chinese texts are ours.
    public func message(in language: Language) -> String {
        let texts = Self.catalog[self] ?? Self.catalog[.systemError]!
        switch language {
        case .english: return texts.english
        case .chinese: return texts.chinese
        }
    }

    private static let catalog: [ErrorCode: (english: String, chinese: String)] = [
        .success: ("Success", "成功"),
        .systemError: ("System error, please try again later", "系统错误，请稍后重试"),
        .apiKeyRequired: ("Api-Key is required", "缺少 Api-Key"),
        .ipNotAllowed: ("IP address not allowed", "IP 地址不在白名单内"),
        .invalidParameter: ("Invalid request parameter", "请求参数无效"),
        .timestampInvalid: ("Timestamp invalid or expired", "时间戳无效或已过期"),
        .accessTokenRequired: ("Access-Token is required", "缺少 Access-Token"),
        .accessTokenInvalid: ("Access-Token invalid or expired", "Access-Token 无效或已过期"),
        .apiKeyNotFound: ("Api-Key does not exist", "Api-Key 不存在"),
        .tooFrequent: ("Operation too frequent, please try again later", "操作过于频繁，请稍后重试"),
        .apiKeyNotEnabled: ("Api-Key is not enabled", "Api-Key 未启用"),
        .apiKeyExpired: ("Api-Key has expired", "Api-Key 已过期"),
        .integrationModeNotSupported: ("Merchant integration mode not supported", "商户接入模式不支持该操作"),
        .pciDisplayNotEnabled: ("PCI sensitive card display is not enabled", "未开通 PCI 敏感卡信息展示"),
        .clientAccessTokenInvalid: ("Client-Access-Token invalid or already used", "Client-Access-Token 无效或已被使用"),
        .parentOriginNotAllowed: ("Parent page Origin not in whitelist", "父页面 Origin 不在白名单内"),
        .hostedOriginMismatch: ("Request Origin does not match hosted configuration", "请求 Origin 与托管配置不匹配"),
        .nonceReused: ("Request replay or nonce already used", "请求重放或 nonce 已被使用"),
        .secFetchInvalid: ("Sec-Fetch validation failed", "Sec-Fetch 校验失败"),
        .endTimeBeforeStartTime: ("Query end time must be after start time", "查询结束时间必须晚于开始时间"),
        .timeRangeTooLong: ("Query time range exceeds the allowed limit", "查询时间范围超出允许的上限"),
        .merchantNotFound: ("Merchant does not exist", "商户不存在"),
        .merchantStatusAbnormal: ("Merchant status is abnormal, please contact administrator", "商户状态异常，请联系管理员"),
        .cardholderExists: ("Cardholder already exists", "持卡人已存在"),
        .cardholderNotFound: ("Cardholder does not exist", "持卡人不存在"),
        .cardholderAlreadyVerified: ("Cardholder already verified", "持卡人已完成认证"),
        .cardholderVerificationPending: ("Cardholder has a pending verification", "持卡人有正在进行的认证"),
        .cardholderVerificationFailed: ("Cardholder verification failed", "持卡人认证未通过"),
        .kycInformationUnavailable: ("Failed to retrieve cardholder KYC information", "获取持卡人 KYC 信息失败"),
        .addressCharactersInvalid: (
            "Please use English letters, numbers, spaces, or common address symbols (e.g. - / #).",
            "请使用英文字母、数字、空格或常用地址符号（如 - / #）。"
        ),
        .englishOnly: ("Only English is supported", "仅支持英文"),
        .countryNotSupported: ("Country is not supported", "不支持该国家或地区"),
        .postalCodeMismatch: (
            "The postal code does not match the selected address (state/province, city)",
            "邮政编码与所选地址（州/省、城市）不匹配"
        ),
        .cardholderUniqueNoMismatch: ("Cardholder unique number mismatch", "持卡人唯一编号不一致"),
        .currencyNotSupported: ("Currency not supported by merchant", "商户不支持该币种"),
        .cardholderBalanceInsufficient: ("Insufficient cardholder account balance", "持卡人账户余额不足"),
        .currencyChainMismatch: ("Currency chain mismatch", "币种与链不匹配"),
        .transferUniqueNoExists: ("Transfer reference number already exists", "划转单号已存在"),
        .transferAmountInvalid: ("Invalid transfer amount format or precision", "划转金额格式或精度无效"),
        .transferTypeInvalid: ("Invalid transfer type", "划转类型无效"),
        .merchantBalanceInsufficient: ("Insufficient merchant account balance", "商户账户余额不足"),
        .accountBalanceInsufficient: ("Insufficient account balance", "账户余额不足"),
        .cardBINNotAvailable: ("Card BIN not available", "卡 BIN 不可用"),
        .cardPackageNotFound: ("Card package not found", "卡套餐不存在"),
        .cardUniqueNoExists: ("Merchant card unique number already exists", "商户卡唯一编号已存在"),
        .cardNotFound: ("Card does not exist", "卡片不存在"),
        .cardStatusDoesNotAllow: ("Card status does not allow this operation", "当前卡状态不允许此操作"),
        .cardIssuanceLimitReached: ("Card issuance limit reached", "已达到开卡数量上限"),
        .cardProviderFailed: ("Card provider operation failed", "发卡渠道操作失败"),
        .activationInMerchantAppOnly: (
            "Physical card activation must be completed in merchant app", "实体卡激活须在商户 App 内完成"
        ),
        .consumptionNotFound: ("Card transaction record not found", "卡交易记录不存在"),
        .billingAddressRequired: ("Physical card billing address cannot be empty", "实体卡账单地址不能为空"),
        .countryNotSupportedForCard: ("Country not supported for this card application", "该卡申请不支持此国家或地区"),
        .cardInformationNotFound: ("Card information not found", "未找到卡片信息"),
        .cardStatusNotSupported: ("Card status not supported", "不支持该卡状态"),
        .activationNotSupported: ("Card activation not supported", "该卡不支持激活"),
        .pinDecryptionFailed: ("PIN decryption failed, check encryption method and key", "PIN 解密失败，请检查加密方式和密钥"),
        .pinFormatInvalid: (
            "Invalid PIN format. Must be 6 digits without three identical or consecutive digits (e.g. 111111, 123456, 654321).",
            "PIN 格式无效：须为 6 位数字，且不得包含三位相同或连续的数字（如 111111、123456、654321）。"
        ),
        .pinNotSupportedForCard: ("Not a physical card, PIN setting not supported", "非实体卡，不支持设置 PIN"),
        .apiCredentialNotAvailable: ("No available API credential found", "未找到可用的 API 凭证"),
        .cvvDecryptionFailed: ("CVV decryption failed, check encryption method and key", "CVV 解密失败，请检查加密方式和密钥"),
    ]
}
