import RClaudeCore
import Testing

@Suite struct TaskIDResolverTests {
    let ids = ["3f2a9c001122", "3f2b00000000", "abcdef012345"].compactMap(TaskID.init)

    @Test func exactAndUniquePrefixResolve() throws {
        #expect(try TaskIDResolver.resolve("abcdef012345", among: ids).rawValue == "abcdef012345")
        #expect(try TaskIDResolver.resolve("ab", among: ids).rawValue == "abcdef012345")
        #expect(try TaskIDResolver.resolve("3F2A", among: ids).rawValue == "3f2a9c001122")
    }

    @Test func ambiguousPrefixListsCandidates() {
        #expect {
            try TaskIDResolver.resolve("3f2", among: ids)
        } throws: { error in
            let e = error as? CoreError
            return e?.code == .ambiguous && e?.message.contains("3f2a9c001122") == true
                && e?.message.contains("3f2b00000000") == true
        }
    }

    @Test func unknownAndInvalidIDsSayHowToFindIDs() {
        #expect {
            try TaskIDResolver.resolve("ffff", among: ids)
        } throws: { ($0 as? CoreError)?.code == .notFound && "\($0)".contains("rclaude ls") }
        #expect {
            try TaskIDResolver.resolve("xyz!", among: ids)
        } throws: { ($0 as? CoreError)?.code == .invalidInput }
        #expect {
            try TaskIDResolver.resolve("", among: ids)
        } throws: { ($0 as? CoreError)?.code == .invalidInput }
    }

    @Test func generatedIDsAreHexOfFixedLengthAndDistinct() {
        var seen = Set<String>()
        for _ in 0..<2000 {
            let id = TaskID.random()
            #expect(id.rawValue.count == TaskID.length)
            #expect(TaskID.isHex(id.rawValue))
            seen.insert(id.rawValue)
        }
        #expect(seen.count == 2000)
        #expect(TaskID("ABC") == nil)
        #expect(TaskID("a-b") == nil)
    }
}
