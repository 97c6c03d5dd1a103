package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.tokenize.bpe.TokenizerEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --tokenizer-engine} and {@code --tokenizer-verify} with their variables. */
class TokenizerEngineOptionTest {

    private static CoreSettings resolve(final Map<String, String> env, final String... args) {
        final FileCommand command = new FileCommand();
        final String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"--input", "i", "--output", "o", "--dlq", "d"}, 0, all, 0,
                6);
        System.arraycopy(args, 0, all, 6, args.length);
        new CommandLine(command).parseArgs(all);
        return command.core.resolve(env);
    }

    @Test
    void shouldDefaultToAutoWithoutVerification() {
        final CoreSettings s = resolve(Map.of());
        assertEquals(TokenizerEngine.AUTO, s.tokenizerEngine());
        assertEquals(0, s.tokenizerVerify());
    }

    @Test
    void shouldReadTheVariablesAndLetFlagsWin() {
        final Map<String, String> env = Map.of("SFTSTREAM_TOKENIZER_ENGINE", "djl",
                "SFTSTREAM_TOKENIZER_VERIFY", "100");
        assertEquals(TokenizerEngine.DJL, resolve(env).tokenizerEngine());
        assertEquals(100, resolve(env).tokenizerVerify());
        assertEquals(TokenizerEngine.JAVA,
                resolve(env, "--tokenizer-engine", "java").tokenizerEngine());
        assertTrue(resolve(env).describe().contains("tokenizer-engine=djl tokenizer-verify=100"));
    }

    @Test
    void shouldRefuseAnUnknownEngineNamingTheChoices() {
        final SettingsException e = assertThrows(SettingsException.class,
                () -> resolve(Map.of(), "--tokenizer-engine", "rust"));
        assertTrue(e.getMessage().contains("auto, java, djl"), e.getMessage());
    }
}
