// Intentionally empty: this target only carries the daemon's data files (see the header).
#include "FineTuneDaemonResources.h"
