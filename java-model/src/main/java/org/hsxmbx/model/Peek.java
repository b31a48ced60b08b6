package org.hsxmbx.model;

/** Result of peek: the contract's three figures plus the host API's extras. */
public record Peek(int depth, int bytesUsed, int nextLen, int capacity, long headSeq, long nextSeq, int mode) {}
