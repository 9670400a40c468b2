import Testing

@Test func placeholderGit() {}
