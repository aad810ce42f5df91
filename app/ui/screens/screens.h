/* screens.h — the kiosk's screens, one row each (see ui/screen.h). The
 * order is the staff tabs' order; a new screen adds its row above the
 * closing comment (every row ends with a backslash). */
#ifndef UI_SCREENS_H
#define UI_SCREENS_H

#define UI_SCREENS(X) \
    X(attract)        \
    X(charm)          \
    X(finish)         \
    X(engraving)      \
    X(review)         \
    X(done)           \
    X(resting)        \
    X(staff_pin)      \
    X(staff_today)    \
    X(staff_walkin)   \
    X(staff_orders)   \
    /* the end of the table */

#endif
