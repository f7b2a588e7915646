#include "locale_impl.h"

extern inline bool locale_utf8(void);

/* Every category starts as "C", as C requires. */
struct osv_locale osv_locale = {
    .names = {"C", "C", "C", "C", "C", "C", "C", "C", "C", "C", "C", "C", "C"},
    .ctype_utf8 = false,
};
