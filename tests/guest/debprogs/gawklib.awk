# @include'd by progs.gawk, found through AWKPATH.
BEGIN { LIBNAME = "gawklib" }
function twice(n) { return 2 * n }
