# SPDX-License-Identifier: GPL-2.0
#
# frontend/frontend.mk - the IPVMM frontend (decoder, site rewriter,
# virtual CPU), built twice from the same sources: 32-bit freestanding
# for the in-place VMM and 64-bit for the host tests.  See the contract
# at the top of the top-level Makefile and docs/ipvmm.md.
#
#   build/frontend/libfrontend32.a        linked into ipvmm.elf (make all)
#   build/frontend/libfrontend32.checked  proof it needs nothing outside
#                                          itself and libdevices32
#   build/tests/frontend/frontend-unit    cmocka tests, one flat TAP stream
#
# Variables are prefixed frontend_ because every fragment shares one make.

frontend_names := decode rewrite vcpu emulate boot mmio
frontend_hdrs := $(wildcard $(SRC)/frontend/*.h) \
	$(wildcard $(SRC)/devices/*.h) \
	$(wildcard $(SRC)/include/burnvmm/*.h) $(CONFIG_H)

frontend_lib32 := $(BUILD)/frontend/libfrontend32.a
frontend_lib64 := $(BUILD)/frontend/libfrontend64.a
frontend_obj32 := $(frontend_names:%=$(BUILD)/frontend/obj32/%.o)
frontend_obj64 := $(frontend_names:%=$(BUILD)/frontend/obj64/%.o)

# gcc turns copy loops into memcpy calls unless told not to; the IPVMM
# has no memcpy.  libfrontend32.checked would catch it, this avoids it.
frontend_cflags32 := $(GUEST_CFLAGS) -fno-tree-loop-distribute-patterns \
	-I$(SRC)/frontend
frontend_sanitize := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
frontend_cflags64 := $(HOST_CFLAGS) $(frontend_sanitize) -I$(SRC)/frontend

$(BUILD)/frontend/obj32/%.o: $(SRC)/frontend/%.c $(frontend_hdrs)
	$(call MSG,CC32,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(frontend_cflags32) -c $< -o $@

$(BUILD)/frontend/obj64/%.o: $(SRC)/frontend/%.c $(frontend_hdrs)
	$(call MSG,CC,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(frontend_cflags64) -c $< -o $@

$(frontend_lib32): $(frontend_obj32)
	$(call MSG,AR,$(@:$(BUILD)/%=%))
	$(Q)rm -f $@ && ar rcs $@ $^

$(frontend_lib64): $(frontend_obj64)
	$(call MSG,AR,$(@:$(BUILD)/%=%))
	$(Q)rm -f $@ && ar rcs $@ $^

# Everything the archive references must be defined by it or by the
# device models: no libc, no libgcc (__udivdi3 for a 64-bit division).
$(BUILD)/frontend/libfrontend32.checked: $(frontend_lib32) \
		$(BUILD)/devices/libdevices32.a $(SRC)/tests/frontend/check-freestanding
	$(call MSG,CHECK,$(<:$(BUILD)/%=%))
	$(Q)$(SRC)/tests/frontend/check-freestanding $< \
		$(BUILD)/devices/libdevices32.a && touch $@

ALL_TARGETS += $(frontend_lib32) $(BUILD)/frontend/libfrontend32.checked

# ------------------------------------------------------------ unit tests
frontend_tests := fake-mem elf-image test-main test-decode test-rewrite \
	test-vcpu test-emulate test-boot test-mmio
frontend_test_hdrs := $(wildcard $(SRC)/tests/frontend/*.h) \
	$(SRC)/tests/frontend/decode-fixtures.def $(frontend_hdrs) \
	$(BUILD)/tests/frontend/gen/fix-bytes.h
frontend_test_objs := $(frontend_tests:%=$(BUILD)/tests/frontend/obj/%.o)
frontend_test_cflags := $(frontend_cflags64) -I$(SRC)/tests/frontend \
	-I$(SRC)/devices \
	-DFE_GUEST_DIR='"$(abspath $(BUILD))/guests"' \
	-I$(BUILD)/tests/frontend/gen

# The decoder's fixtures, assembled by the real `as --32`.
$(BUILD)/tests/frontend/gen/fix-bytes.h: \
		$(SRC)/tests/frontend/decode-fixtures.def \
		$(SRC)/tests/frontend/gen-fixtures
	$(call MSG,GEN,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(SRC)/tests/frontend/gen-fixtures $< $@

$(BUILD)/tests/frontend/obj/%.o: $(SRC)/tests/frontend/%.c \
		$(frontend_test_hdrs)
	$(call MSG,CC,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(frontend_test_cflags) -c $< -o $@

# The emulation tests drive the real device models (libdevices64).
$(BUILD)/tests/frontend/frontend-unit-bin: $(frontend_test_objs) \
		$(frontend_lib64) $(BUILD)/devices/libdevices64.a
	$(call MSG,LD,$(@:$(BUILD)/%=%))
	$(Q)$(HOST_CC) $(frontend_sanitize) $(HOST_LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/frontend/frontend-unit: $(SRC)/tests/frontend/frontend-unit.sh \
		$(BUILD)/tests/frontend/frontend-unit-bin
	$(call MSG,GEN,$(@:$(BUILD)/%=%))
	$(Q)install -m 755 $< $@

CHECK_PREREQS += $(BUILD)/tests/frontend/frontend-unit
CHECK_RUNNERS += $(BUILD)/tests/frontend/frontend-unit
