/** The backend SPI (Backend, Tensor, Device), the backend-independent caching memory pool and device selection; nothing above this package knows which device it runs on. */
package io.jkeras.backend;
