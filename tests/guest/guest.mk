# SPDX-License-Identifier: GPL-2.0
#
# tests/guest/guest.mk - the test guest: an afterburnt Multiboot kernel
# (build/guests/testguest.elf) and its native runner
# (build/tests/guest/testguest-native, a CHECK_RUNNER).  See
# docs/testguest.md.
#
# Kernel objects go through the Afterburner's compiler driver when the
# afterburn fragment (included before this one) defines AFTERBURN_CC, else
# through plain GUEST_CC, so the guest never waits for it.  The ring-3
# objects (ring3*.o) are always built with plain GUEST_CC: user code of a
# real OS is not rewritten, its sensitive instructions trap at ring 3.

TG_SRC := $(SRC)/tests/guest
TG_OUT := $(BUILD)/tests/guest
TG_ELF := $(BUILD)/guests/testguest.elf
TG_RUNNER := $(TG_OUT)/testguest-native

TG_CC := $(if $(strip $(AFTERBURN_CC)),$(AFTERBURN_CC),$(GUEST_CC))
# Rebuild when the Afterburner itself is rebuilt (if it is a build output).
TG_CC_DEP := $(filter $(BUILD)/%,$(firstword $(AFTERBURN_CC)))

TG_KERNEL_C := main.c lib.c tap.c cpu.c trap.c mem.c task.c hw.c \
	test_boot.c test_cpu.c test_traps.c test_paging.c test_user.c \
	test_timer.c test_devices.c bench.c mmio_probe.c
TG_KERNEL_S := boot.S probes.S
TG_KERNEL_OBJS := $(addprefix $(TG_OUT)/,$(TG_KERNEL_C:.c=.o) \
	$(TG_KERNEL_S:.S=.o))
TG_USER_OBJS := $(TG_OUT)/ring3.o $(TG_OUT)/ring3_asm.o
TG_OBJS := $(TG_KERNEL_OBJS) $(TG_USER_OBJS)

# Objects depend on the compiler command line, so switching between the
# Afterburner and plain gcc (or changing flags) rebuilds them.
.PHONY: tg-force
$(TG_OUT)/cc.cmd: tg-force
	$(Q)$(SRC)/scripts/update-if-changed $@ "$(TG_CC) $(GUEST_CFLAGS)"

$(TG_OUT)/%.o: $(TG_SRC)/%.c $(CONFIG_H) $(TG_CC_DEP) $(TG_OUT)/cc.cmd
	$(call MSG,GUEST-CC,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(TG_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(TG_OUT)/%.o: $(TG_SRC)/%.S $(CONFIG_H) $(TG_CC_DEP) $(TG_OUT)/cc.cmd
	$(call MSG,GUEST-AS,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(TG_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

# Ring-3 code: plain compiler, and it must not call into the kernel.
$(TG_OUT)/ring3.o: $(TG_SRC)/ring3.c $(CONFIG_H)
	$(call MSG,USER-CC,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@.tmp $<
	$(Q)if [ -n "$$(nm -u $@.tmp)" ]; then \
		echo "$<: ring-3 code references kernel symbols:" >&2; \
		nm -u $@.tmp >&2; rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

$(TG_OUT)/ring3_asm.o: $(TG_SRC)/ring3_asm.S $(CONFIG_H)
	$(call MSG,USER-AS,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(TG_ELF): $(TG_OBJS) $(TG_SRC)/guest.ld
	$(call MSG,LD,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)ld $(GUEST_LDFLAGS) --no-warn-rwx-segments -T $(TG_SRC)/guest.ld -o $@ $(TG_OBJS)

# The runner embeds the afterburn-sites command: regenerate it when that
# changes.
$(TG_OUT)/sites.cmd: tg-force
	$(Q)$(SRC)/scripts/update-if-changed $@ "$(strip $(AFTERBURN_SITES))"

$(TG_RUNNER): $(TG_SRC)/testguest-native.sh $(TG_OUT)/sites.cmd \
		$(TG_SRC)/guest.mk
	$(call MSG,GEN,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)sed -e 's|@BUILD@|$(abspath $(BUILD))|g' \
		-e 's|@AFTERBURN_SITES@|$(strip $(AFTERBURN_SITES))|g' \
		$< >$@.tmp
	$(Q)chmod +x $@.tmp
	$(Q)mv $@.tmp $@

-include $(TG_OBJS:.o=.d)

.PHONY: testguest testguest-bench
testguest: $(TG_ELF) $(TG_RUNNER)

# Boot the guest once and show its benchmark lines (`make bench` runs
# them several times itself, bench/testguest-native).
testguest-bench: $(TG_ELF) $(TG_RUNNER)
	$(Q)$(TG_RUNNER) | grep '^# bench' || true

ALL_TARGETS += $(TG_ELF) $(TG_RUNNER)
CHECK_PREREQS += $(TG_ELF) $(TG_RUNNER) $(if $(strip $(AFTERBURN_SITES)),$(filter $(BUILD)/%,$(firstword $(AFTERBURN_SITES))))
CHECK_RUNNERS += $(TG_RUNNER)
