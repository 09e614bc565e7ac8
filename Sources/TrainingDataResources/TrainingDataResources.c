// Intentionally empty: this target only carries the tiktoken rank files (see the header).
#include "TrainingDataResources.h"
