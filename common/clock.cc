#include "common/clock.h"

namespace mrtrack {

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

}  // namespace mrtrack
