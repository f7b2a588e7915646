! REAL(16) through Debian's libgfortran.so.5, which formats and reads
! it with libquadmath.so.0: formatted, list-directed and internal
! WRITE and READ, compared with the host's lines (tests/guest/fortran.test).
program real16
  implicit none
  integer, parameter :: qp = selected_real_kind(33, 4931)
  real(qp) :: x, y, z
  character(len=64) :: s
  integer :: i

  x = 1.0_qp / 3.0_qp
  y = sqrt(2.0_qp)
  write (*, '(A, ES45.35)') 'third ', x
  write (*, '(A, F42.35)') 'sqrt2 ', y
  write (*, '(A, EN40.25)') 'eng ', 12345.678_qp
  write (*, '(A, G0)') 'g0 ', x * 1.0e300_qp
  write (*, *) 'list', x, -y
  do i = 1, 3
    write (*, '(A, I0, A, ES40.32E4)') 'pow ', i, ' ', x ** (i * 1000)
  end do
  s = '3.14159265358979323846264338327950288'
  read (s, *) z
  write (*, '(A, ES42.33)') 'read ', z
  write (s, '(ES30.22)') -z / 7
  write (*, '(A, A)') 'internal ', trim(adjustl(s))
end program real16
