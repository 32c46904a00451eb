package io.jresnet.models;

/** A choice in a model spec, spelled in JSON as {@link #jsonName()}. */
public interface JsonNamed {
  String jsonName();
}
