// Lock annotations in the style of LevelDB's port/thread_annotations.h.
//
// Under clang with -Wthread-safety they let the compiler check the lock
// discipline; elsewhere they expand to nothing and remain documentation that
// a reviewer can grep for.
//
// Thread safety: macros only.
#pragma once

#if defined(__clang__)
#define MRTRACK_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define MRTRACK_THREAD_ANNOTATION(x)
#endif

// The member is read and written only with the named mutex held.
#define MRTRACK_GUARDED_BY(x) MRTRACK_THREAD_ANNOTATION(guarded_by(x))
// The function must be called with the named mutex held.
#define MRTRACK_REQUIRES(...) MRTRACK_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The function takes the named mutex itself; callers must not hold it.
#define MRTRACK_EXCLUDES(...) MRTRACK_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
