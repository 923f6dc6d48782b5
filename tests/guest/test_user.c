// SPDX-License-Identifier: GPL-2.0
/* placeholder */
#include "guest.h"

void test_user(void)
{
}
