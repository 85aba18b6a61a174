#if EMPORIUM_FUZZING
    /// libFuzzer's entry point; compiled only for `scripts/fuzz`, which passes `-D EMPORIUM_FUZZING` and
    /// links libFuzzer, whose own `main` drives this function.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func emporiumFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        guard let data else {
            PrepareFuzzer.run(EmptyCollection<UInt8>())
            return 0
        }
        PrepareFuzzer.run(UnsafeBufferPointer(start: data, count: size))
        return 0
    }
#endif
