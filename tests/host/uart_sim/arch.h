/*
 * What drivers/serial/uart16550.c needs of arch.h, simulated for
 * test_uart: its port accesses go to a simulated UART (test_uart.c).
 */
#ifndef UART_SIM_ARCH_H
#define UART_SIM_ARCH_H

#include <stdint.h>

void outb(uint16_t port, uint8_t v);
uint8_t inb(uint16_t port);

#endif
