# engraving/ — the engraving library (libengrave.a) and its tools.
# Links FreeType + HarfBuzz only: no SDL, no SQLite.

ENG_SRCS := $(wildcard engraving/src/*.c)
ENG_OBJS := $(ENG_SRCS:%.c=$(BUILD)/obj/%.o)
ENG_LIB  := $(BUILD)/libengrave.a

$(ENG_LIB): $(ENG_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

BINS += $(BUILD)/engrave
$(BUILD)/engrave: $(BUILD)/obj/engraving/tools/engrave.o $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(ENG_LIBS) -o $@
