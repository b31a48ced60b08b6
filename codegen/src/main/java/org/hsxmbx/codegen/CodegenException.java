package org.hsxmbx.codegen;

/** Bad input to the generator or the build (a file, a field, an option); the message says which. */
public class CodegenException extends RuntimeException {
    public CodegenException(String message) {
        super(message);
    }

    public CodegenException(String message, Throwable cause) {
        super(message, cause);
    }
}
