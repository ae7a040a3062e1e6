// See include/FuzzDriver.h.
#include "FuzzDriver.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

int reprise_fuzz_main(int argc, char **argv, RepriseFuzzCallback callback) {
  return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
