#include "events/domain/status.h"
