#include "locale_impl.h"

const char *const osv_c_days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
				   "Thursday", "Friday", "Saturday"};
const char *const osv_c_abdays[7] = {"Sun", "Mon", "Tue", "Wed",
				     "Thu", "Fri", "Sat"};
const char *const osv_c_months[12] = {
    "January", "February", "March",	"April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
const char *const osv_c_abmonths[12] = {"Jan", "Feb", "Mar", "Apr",
					"May", "Jun", "Jul", "Aug",
					"Sep", "Oct", "Nov", "Dec"};
