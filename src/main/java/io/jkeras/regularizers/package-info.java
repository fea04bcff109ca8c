/** Weight penalties added to the loss (l1, l2, l1_l2). */
package io.jkeras.regularizers;
