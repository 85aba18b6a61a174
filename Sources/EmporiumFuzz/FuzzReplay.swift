#if !EMPORIUM_FUZZING
    import Foundation

    /// Replays fuzz inputs without libFuzzer or sanitizers: `EmporiumFuzz FILE_OR_FOLDER...`.
    ///
    /// Each file, or every regular file directly inside each folder, goes through the same function
    /// as the fuzzer. A crashing input kills the process, so reaching the summary means none crashed;
    /// `-v` prints each path before it runs, to name the culprit.
    @main
    struct FuzzReplay {
        static func main() {
            var arguments = Array(CommandLine.arguments.dropFirst())
            let verbose = arguments.contains("-v")
            arguments.removeAll { $0 == "-v" }
            guard !arguments.isEmpty else {
                printError("usage: EmporiumFuzz [-v] FILE_OR_FOLDER...")
                printError("  replays fuzz inputs through request decoding and GraphQLEndpoint.prepare")
                exit(64)
            }
            var files: [String] = []
            for argument in arguments {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                    printError("error: \(argument) does not exist")
                    exit(66)
                }
                if isDirectory.boolValue {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                    for name in names.sorted() {
                        let path = argument + "/" + name
                        var nestedIsDirectory: ObjCBool = false
                        if FileManager.default.fileExists(atPath: path, isDirectory: &nestedIsDirectory),
                            !nestedIsDirectory.boolValue
                        {
                            files.append(path)
                        }
                    }
                } else {
                    files.append(argument)
                }
            }
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else {
                    printError("error: cannot read \(path)")
                    exit(66)
                }
                if verbose { printError(path) }
                PrepareFuzzer.run(data)
            }
            print("\(files.count) inputs replayed, 0 crashed")
        }

        private static func printError(_ message: String) {
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
    }
#endif
