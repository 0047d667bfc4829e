// Whether this test binary runs under a sanitizer: the few checks that
// measure memory or time mean something else there (ASan keeps freed blocks
// in a quarantine before reusing them; TSan slows every access).
#pragma once

namespace mrtrack::test_support {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif

}  // namespace mrtrack::test_support
