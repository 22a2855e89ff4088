package org.real2sim.trainer.config;

import java.util.Arrays;

/** Validation helpers for configuration records: each message names the field and the value. */
final class Check {

  private Check() {}

  static void positive(String field, long value) {
    if (value <= 0) {
      throw new ConfigException(field + " must be positive, found " + value);
    }
  }

  static void nonNegative(String field, long value) {
    if (value < 0) {
      throw new ConfigException(field + " must be >= 0, found " + value);
    }
  }

  static void positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ConfigException(field + " must be a positive number, found " + value);
    }
  }

  static void nonNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ConfigException(field + " must be a number >= 0, found " + value);
    }
  }

  static void range(String field, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw new ConfigException(field + " must be in [" + lo + ", " + hi + "], found " + value);
    }
  }

  static void notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(
          field + " must be set, found " + (value == null ? "nothing" : "''"));
    }
  }

  static void oneOf(String field, String value, String... allowed) {
    if (value == null || !Arrays.asList(allowed).contains(value)) {
      throw new ConfigException(
          field + " must be one of " + Arrays.toString(allowed) + ", found '" + value + "'");
    }
  }

  static void oneOf(String field, long value, long... allowed) {
    for (long a : allowed) {
      if (a == value) {
        return;
      }
    }
    throw new ConfigException(
        field + " must be one of " + Arrays.toString(allowed) + ", found " + value);
  }
}
