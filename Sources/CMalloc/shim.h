// glibc's allocator controls (malloc_trim, mallinfo2), which the Glibc Swift module leaves out.
#include <malloc.h>
