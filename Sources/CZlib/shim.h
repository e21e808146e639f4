/* zlib for Swift: the header plus inline wrappers for the init macros Swift cannot import. */
#ifndef SHEETFLOW_CZLIB_SHIM_H
#define SHEETFLOW_CZLIB_SHIM_H
#include <zlib.h>

/* Raw inflate (no zlib/gzip header), as used by zip deflate entries. */
static inline int sf_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

/* Raw deflate at the given level, as used by zip deflate entries. */
static inline int sf_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}
#endif
