#define CATCH_CONFIG_MAIN
#include "test_support.h"
