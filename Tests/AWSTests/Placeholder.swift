import Testing

@Test func placeholderAWS() {}
