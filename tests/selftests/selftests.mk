# SPDX-License-Identifier: GPL-2.0
#
# tests/selftests/selftests.mk - in-VM selftests.  The C ones use the
# kernel's kselftest harness, taken from the extracted linux-source tree at
# build time (never copied into ours), and are static so the initramfs
# needs no libraries.

KSELFTEST_DIR = $(shell $(SRC)/scripts/linux-source)/tools/testing/selftests
SELFTEST_CFLAGS = $(filter-out -Wmissing-prototypes -Wmissing-declarations \
	-Wshadow -Wredundant-decls,$(BURNCTL_CFLAGS)) -I$(SRC)/userland \
	-isystem $(KSELFTEST_DIR)

$(BUILD)/tests/selftests/control_test: tests/selftests/control_test.c \
		userland/netlink.c userland/netlink.h include/uapi/linux/burnvmm.h | deps
	$(call MSG,CC,$<)
	$(Q)mkdir -p $(dir $@) && rm -f $@
	$(Q)$(HOST_CC) $(SELFTEST_CFLAGS) -static -o $@ $< userland/netlink.c \
		$(LIBNL_LIBS) 2>&1 | { grep -v -e 'statically linked applications' \
			-e 'in function' || true; } >&2
	$(Q)test -x $@

# console_tty plays a user at a terminal: no libraries, no harness.
$(BUILD)/tests/selftests/console_tty: tests/selftests/console_tty.c | deps
	$(call MSG,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<

CHECK_PREREQS += $(BUILD)/tests/selftests/console_tty

# nlforge forges the module's events from user space (nl_sender.sh); it
# speaks raw netlink through the stress tests' transport.
$(BUILD)/tests/selftests/nlforge: tests/selftests/nlforge.c \
		tests/stress/nlraw.c tests/stress/nlraw.h \
		include/uapi/linux/burnvmm.h | deps
	$(call MSG,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I$(SRC)/include/uapi -static -o $@ $< \
		tests/stress/nlraw.c

CHECK_PREREQS += $(BUILD)/tests/selftests/nlforge
