UNIT_TESTS += pagetype ptwr_decode
# Direct paging (arch/x86_64/pv/mm): the type rules and entry validation
# build on the host, against the doubles of pv_mm_double.c.
PV_MM_UNIT_SRCS := arch/x86_64/pv/mm/pagetype.c arch/x86_64/pv/mm/pte.c \
    arch/x86_64/pv/mm/iomem.c \
    hv/mm/frame.c tests/unit/pv_mm_double.c tests/unit/panic_double.c
UNIT_SRCS_pagetype := $(PV_MM_UNIT_SRCS)
UNIT_SRCS_ptwr_decode := $(PV_MM_UNIT_SRCS) arch/x86_64/pv/mm/ptwr.c
# These include arch headers (pv_mm.h, paging.h, regs.h); the arch
# include directory comes after tests/unit/include, so the test double
# of contract_types.h still wins.
PV_MM_UNIT_OBJS := $(addprefix $(BUILD)/unit/obj/, \
    arch/x86_64/pv/mm/pagetype.o arch/x86_64/pv/mm/pte.o arch/x86_64/pv/mm/ptwr.o \
    arch/x86_64/pv/mm/iomem.o \
    tests/unit/pv_mm_double.o tests/unit/test_pagetype.o \
    tests/unit/test_ptwr_decode.o)
$(PV_MM_UNIT_OBJS): UNIT_CFLAGS += -Iarch/x86_64/include
