/*
 * gamma: the old BSD name glibc keeps for lgamma (the logarithm of
 * |Γ(x)|, setting signgam), not tgamma.
 */
#include <math.h>

double gamma(double x)
{
	return lgamma(x);
}

float gammaf(float x)
{
	return lgammaf(x);
}

long double gammal(long double x)
{
	return lgammal(x);
}
