// Starts libFuzzer from a Swift `main.swift`.
//
// SwiftPM links every executable with its own `main` (which runs the
// module's top-level code), so libFuzzer's `main` is never used; the
// harness's top-level code calls this instead, which hands the command line
// and the per-input callback to libFuzzer's documented entry point
// `LLVMFuzzerRunDriver`.
#include <stddef.h>
#include <stdint.h>

typedef int (*RepriseFuzzCallback)(const uint8_t *data, size_t size);

int reprise_fuzz_main(int argc, char **argv, RepriseFuzzCallback callback);
