# SPDX-License-Identifier: GPL-2.0
#
# devices/devices.mk - the device models, built twice from the same
# sources: 32-bit freestanding for the in-place VMM, 64-bit for the host
# tests.  See the contract at the top of the top-level Makefile.
#
#   build/devices/libdevices32.a        linked into the IPVMM (make all)
#   build/devices/libdevices32.checked  proof it needs nothing outside
#                                        itself (no libc, no libgcc)
#   build/devices/config-matrix.checked platform.c builds with each
#                                        CONFIG_BURNVMM_DEV_* alone/none
#   build/tests/devices/devices-unit    cmocka tests, one flat TAP stream
#   build/tests/devices/devices-fuzz    libFuzzer run, bounded in time
#
# Variables are prefixed devices_ because every fragment shares one make.

devices_names := dev i8259 intlogic i8254 uart16550 mc146818 i8042 pci \
	pci-table ata sysctl platform
devices_srcs := $(devices_names:%=$(SRC)/devices/%.c)
devices_hdrs := $(wildcard $(SRC)/devices/*.h) \
	$(SRC)/include/burnvmm/types.h $(CONFIG_H)

devices_lib32 := $(BUILD)/devices/libdevices32.a
devices_lib64 := $(BUILD)/devices/libdevices64.a
devices_obj32 := $(devices_names:%=$(BUILD)/devices/obj32/%.o)
devices_obj64 := $(devices_names:%=$(BUILD)/devices/obj64/%.o)

# Host tests run under ASan/UBSan: a model that reads past a FIFO or
# shifts too far fails the unit tests, not only the fuzzer.
devices_sanitize := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
devices_host_cflags := $(HOST_CFLAGS) $(devices_sanitize)

$(BUILD)/devices/obj32/%.o: $(SRC)/devices/%.c $(devices_hdrs)
	$(call MSG,CC32,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/devices/obj64/%.o: $(SRC)/devices/%.c $(devices_hdrs)
	$(call MSG,CC,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(devices_host_cflags) -c $< -o $@

$(devices_lib32): $(devices_obj32)
	$(call MSG,AR,$(@:$(BUILD)/%=%))
	$(Q)rm -f $@ && ar rcs $@ $^

$(devices_lib64): $(devices_obj64)
	$(call MSG,AR,$(@:$(BUILD)/%=%))
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/devices/libdevices32.checked: $(devices_lib32) \
		$(SRC)/tests/devices/check-freestanding
	$(call MSG,CHECK,$(<:$(BUILD)/%=%))
	$(Q)$(SRC)/tests/devices/check-freestanding $< && touch $@

# Each device alone, and none: the #ifdef CONFIG_BURNVMM_DEV_* blocks of
# platform.c must compile in every combination a .config can produce.
# -DBURNVMM_CONFIG_H skips the generated header so only these count.
devices_config_sets := NONE PIC PIT UART RTC I8042 PCI ATA DEBUGEXIT
$(BUILD)/devices/config-matrix.checked: $(SRC)/devices/platform.c \
		$(SRC)/devices/intlogic.c $(devices_hdrs)
	$(call MSG,CONFIGS,devices/platform.c)
	$(Q)for s in $(devices_config_sets); do \
		for f in platform intlogic; do \
			$(GUEST_CC) $(GUEST_CFLAGS) -DBURNVMM_CONFIG_H \
				-DCONFIG_BURNVMM_ASSERT_LEVEL=1 \
				-DCONFIG_BURNVMM_DEV_$$s=1 \
				-c $(SRC)/devices/$$f.c -o /dev/null || \
				{ echo "devices: config $$s: $$f.c fails" >&2; \
				  exit 1; }; \
		done; \
	done
	$(Q)touch $@

ALL_TARGETS += $(devices_lib32) $(BUILD)/devices/libdevices32.checked \
	$(BUILD)/devices/config-matrix.checked

# ------------------------------------------------------------ unit tests
devices_tests := fake-backend test-main test-dev test-pic test-pit \
	test-uart test-rtc test-i8042 test-pci test-ata test-platform \
	test-regfuzz
devices_test_hdrs := $(wildcard $(SRC)/tests/devices/*.h) $(devices_hdrs)
devices_test_objs := $(devices_tests:%=$(BUILD)/tests/devices/obj/%.o)
devices_test_cflags := $(devices_host_cflags) -I$(SRC)/devices \
	-I$(SRC)/tests/devices

$(BUILD)/tests/devices/obj/%.o: $(SRC)/tests/devices/%.c $(devices_test_hdrs)
	$(call MSG,CC,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(devices_test_cflags) -c $< -o $@

$(BUILD)/tests/devices/devices-unit-bin: $(devices_test_objs) $(devices_lib64)
	$(call MSG,LD,$(@:$(BUILD)/%=%))
	$(Q)$(HOST_CC) $(devices_sanitize) $(HOST_LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/devices/devices-unit: $(SRC)/tests/devices/devices-unit.sh \
		$(BUILD)/tests/devices/devices-unit-bin
	$(call MSG,GEN,$(@:$(BUILD)/%=%))
	$(Q)install -m 755 $< $@

# ------------------------------------------------------------------ fuzz
# libFuzzer needs clang; the models are compiled again, instrumented.
devices_fuzz_cc := clang
devices_fuzz_cflags := -O1 -g -std=gnu11 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I$(SRC)/include -I$(BUILD)/include/generated -I$(SRC)/devices \
	-I$(SRC)/tests/devices

$(BUILD)/tests/devices/devices-fuzz-bin: $(SRC)/tests/devices/fuzz-platform.c \
		$(SRC)/tests/devices/fake-backend.c $(devices_srcs) \
		$(devices_test_hdrs)
	$(call MSG,FUZZCC,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(devices_fuzz_cc) $(devices_fuzz_cflags) -o $@ \
		$(SRC)/tests/devices/fuzz-platform.c \
		$(SRC)/tests/devices/fake-backend.c $(devices_srcs)

$(BUILD)/tests/devices/devices-fuzz-seeds: $(SRC)/tests/devices/fuzz-seeds.c \
		$(devices_test_hdrs)
	$(call MSG,CC,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I$(SRC)/tests/devices -o $@ $<

$(BUILD)/tests/devices/devices-fuzz: $(SRC)/tests/devices/devices-fuzz.sh \
		$(BUILD)/tests/devices/devices-fuzz-bin \
		$(BUILD)/tests/devices/devices-fuzz-seeds
	$(call MSG,GEN,$(@:$(BUILD)/%=%))
	$(Q)install -m 755 $< $@

CHECK_PREREQS += $(BUILD)/tests/devices/devices-unit \
	$(BUILD)/tests/devices/devices-fuzz
CHECK_RUNNERS += $(BUILD)/tests/devices/devices-unit \
	$(BUILD)/tests/devices/devices-fuzz
