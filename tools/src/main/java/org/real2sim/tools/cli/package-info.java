/** The {@code real2sim} command dispatcher and the commands that belong to no other module. */
package org.real2sim.tools.cli;
