// SPDX-License-Identifier: GPL-2.0
/* placeholder */
#include "guest.h"

void test_paging(void)
{
}
