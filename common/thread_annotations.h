// Lock annotations in the style of LevelDB's port/thread_annotations.h (the
// names follow clang's capability attributes).
//
// Under clang with -Wthread-safety they let the compiler check the lock
// discipline of every class that uses common/mutex.h; elsewhere they expand to
// nothing and remain documentation that a reviewer can grep for.
//
// Thread safety: macros only.
#pragma once

#if defined(__clang__)
#define MRTRACK_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define MRTRACK_THREAD_ANNOTATION(x)
#endif

// On a class: it is a lock (a capability named `x`, e.g. "mutex").
#define MRTRACK_CAPABILITY(x) MRTRACK_THREAD_ANNOTATION(capability(x))
// On a class: an RAII object that holds a capability for its lifetime.
#define MRTRACK_SCOPED_CAPABILITY MRTRACK_THREAD_ANNOTATION(scoped_lockable)

// The member is read and written only with the named mutex held.
#define MRTRACK_GUARDED_BY(x) MRTRACK_THREAD_ANNOTATION(guarded_by(x))
// What the pointer member points to is accessed only with the mutex held.
#define MRTRACK_PT_GUARDED_BY(x) MRTRACK_THREAD_ANNOTATION(pt_guarded_by(x))
// Lock ordering: this mutex is taken after / before the named ones.
#define MRTRACK_ACQUIRED_AFTER(...) MRTRACK_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define MRTRACK_ACQUIRED_BEFORE(...) MRTRACK_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))

// The function must be called with the named mutex held (exclusively / at least shared).
#define MRTRACK_REQUIRES(...) MRTRACK_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define MRTRACK_REQUIRES_SHARED(...) MRTRACK_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
// The function takes the named mutex itself; callers must not hold it.
#define MRTRACK_EXCLUDES(...) MRTRACK_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

// The function acquires / releases the capability (exclusively or shared).
#define MRTRACK_ACQUIRE(...) MRTRACK_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define MRTRACK_ACQUIRE_SHARED(...) MRTRACK_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define MRTRACK_RELEASE(...) MRTRACK_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define MRTRACK_RELEASE_SHARED(...) MRTRACK_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define MRTRACK_RELEASE_GENERIC(...) MRTRACK_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define MRTRACK_TRY_ACQUIRE(...) MRTRACK_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))

// The function checks (at run time or by contract) that the capability is held.
#define MRTRACK_ASSERT_CAPABILITY(x) MRTRACK_THREAD_ANNOTATION(assert_capability(x))
// The function returns a reference to the named capability (an accessor).
#define MRTRACK_RETURN_CAPABILITY(x) MRTRACK_THREAD_ANNOTATION(lock_returned(x))

// Turns the analysis off for one function; say why beside each use.
#define MRTRACK_NO_THREAD_SAFETY_ANALYSIS MRTRACK_THREAD_ANNOTATION(no_thread_safety_analysis)
