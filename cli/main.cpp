// envdrift's entry point: everything lives in the envdrift_cli library (cli/app.h) so the tests
// can drive it in-process too.
#include <cstdlib>  // defines __GLIBC__ on glibc
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/app.h"

int main(int argc, char** argv) {
#ifdef __GLIBC__
  // Each worker thread's malloc arena grows by exactly what a request needs, one mprotect call
  // per step: ~900 system calls in a warm run of the 1M-line benchmark tree. Growing by 16 MiB
  // of address space at a time makes it a few dozen; pages count as memory only once touched.
  mallopt(M_TOP_PAD, 16 << 20);
#endif
  return envdrift::run_cli(argc, argv);
}
