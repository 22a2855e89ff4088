/** runtime module root. */
package org.real2sim.runtime;
