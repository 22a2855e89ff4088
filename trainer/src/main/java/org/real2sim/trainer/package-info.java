/** trainer module root. */
package org.real2sim.trainer;
