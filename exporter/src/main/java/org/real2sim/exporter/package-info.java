/** exporter module root. */
package org.real2sim.exporter;
