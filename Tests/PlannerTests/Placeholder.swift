import Testing
@testable import Planner

@Test func placeholderPlanner() {}
