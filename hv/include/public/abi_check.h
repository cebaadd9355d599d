/*
 * Compile-time checks of the ABI layouts, used by every public header
 * (each pins its structures' sizes and offsets where it defines them).
 * __builtin_offsetof (GCC, Clang) avoids depending on <stddef.h>.
 * Not part of Xen's tree: a Parasol helper, safe to include from C only.
 */
#ifndef __XEN_PUBLIC_ABI_CHECK_H__
#define __XEN_PUBLIC_ABI_CHECK_H__

#define XEN_ABI_CHECK_SIZE(type, size)                                         \
    _Static_assert(sizeof(type) == (size), "size of " #type)
#define XEN_ABI_CHECK_OFFSET(type, field, off)                                 \
    _Static_assert(__builtin_offsetof(type, field) == (off),                   \
                   "offset of " #type "." #field)

#endif
