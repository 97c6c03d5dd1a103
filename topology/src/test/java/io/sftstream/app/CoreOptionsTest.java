package io.sftstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sftstream.serdes.InputFormat;
import io.sftstream.tokenize.Overlong;
import io.sftstream.tokenize.TemplateName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CoreOptionsTest {

    private static CoreSettings resolve(final Map<String, String> env, final String... args) {
        final FileCommand command = new FileCommand();
        new CommandLine(command).parseArgs(withFileArgs(args));
        return command.core.resolve(env);
    }

    private static String[] withFileArgs(final String... args) {
        final String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"--input", "i", "--output", "o", "--dlq", "d"}, 0, all, 0,
                6);
        System.arraycopy(args, 0, all, 6, args.length);
        return all;
    }

    @Test
    void shouldUseContractDefaults() {
        final CoreSettings s = resolve(Map.of());
        assertNull(s.tokenizer());
        assertEquals(TemplateName.CHATML, s.template());
        assertEquals(InputFormat.AUTO, s.inputFormat());
        assertEquals(4096, s.maxTokens());
        assertEquals(Overlong.REJECT, s.overlong());
        assertFalse(s.trainOnPrompt());
        assertNull(s.eosToken());
        assertNull(s.eosId());
        assertEquals(1_048_576, s.maxRecordBytes());
    }

    @Test
    void shouldReadEveryEnvironmentVariable() {
        final CoreSettings s = resolve(Map.of("SFTSTREAM_TOKENIZER", "/tok",
                "SFTSTREAM_TEMPLATE", "llama3", "SFTSTREAM_INPUT_FORMAT", "sharegpt",
                "SFTSTREAM_MAX_TOKENS", "2048", "SFTSTREAM_OVERLONG", "truncate",
                "SFTSTREAM_TRAIN_ON_PROMPT", "true", "SFTSTREAM_EOS_ID", "7",
                "SFTSTREAM_MAX_RECORD_BYTES", "5000", "SFTSTREAM_SPECIAL_TOKENS_IN_TEXT",
                "reject"));
        assertEquals(new CoreSettings("/tok", TemplateName.LLAMA3, InputFormat.SHAREGPT, 2048,
                Overlong.TRUNCATE, true, null, 7, 5000), s);
        assertEquals("<x>", resolve(Map.of("SFTSTREAM_EOS_TOKEN", "<x>")).eosToken());
    }

    @Test
    void shouldLetFlagsWinOverEnvironment() {
        final CoreSettings s = resolve(Map.of("SFTSTREAM_TEMPLATE", "llama3",
                "SFTSTREAM_MAX_TOKENS", "2048", "SFTSTREAM_TRAIN_ON_PROMPT", "false"),
                "--template", "alpaca", "--max-tokens", "100", "--train-on-prompt",
                "--input-format", "prompt-response", "--overlong", "truncate",
                "--max-record-bytes", "9", "--eos-token", "</s>", "--tokenizer", "t");
        assertEquals(new CoreSettings("t", TemplateName.ALPACA, InputFormat.PROMPT_RESPONSE,
                100, Overlong.TRUNCATE, true, "</s>", null, 9), s);
    }

    @Test
    void shouldRefuseBadValuesWithASentenceNamingSettingValueAndAllowed() {
        assertRefused("--template (SFTSTREAM_TEMPLATE) has the value 'mistral', which is not "
                + "allowed; allowed: chatml, llama3, llama2, alpaca, raw, model",
                Map.of(), "--template", "mistral");
        assertRefused("--template (SFTSTREAM_TEMPLATE) has the value 'ChatML', which is not "
                + "allowed; allowed: chatml, llama3, llama2, alpaca, raw, model",
                Map.of("SFTSTREAM_TEMPLATE", "ChatML"));
        assertRefused("--max-tokens (SFTSTREAM_MAX_TOKENS) has the value 'lots', which is not "
                + "a whole number; allowed: a whole number from 1", Map.of(),
                "--max-tokens", "lots");
        assertRefused("--max-tokens (SFTSTREAM_MAX_TOKENS) has the value '0', which is out of "
                + "range; allowed: a whole number from 1", Map.of("SFTSTREAM_MAX_TOKENS", "0"));
        assertRefused("--overlong (SFTSTREAM_OVERLONG) has the value 'cut', which is not "
                + "allowed; allowed: reject, truncate", Map.of(), "--overlong", "cut");
        assertRefused("--input-format (SFTSTREAM_INPUT_FORMAT) has the value 'csv', which is "
                + "not allowed; allowed: auto, alpaca, prompt-response, messages, sharegpt",
                Map.of(), "--input-format", "csv");
        assertRefused("--train-on-prompt (SFTSTREAM_TRAIN_ON_PROMPT) has the value 'yes', which "
                + "is not allowed; allowed: true, false", Map.of("SFTSTREAM_TRAIN_ON_PROMPT",
                "yes"));
        assertRefused("--special-tokens-in-text (SFTSTREAM_SPECIAL_TOKENS_IN_TEXT) has the "
                + "value 'allow', which is not allowed; allowed: reject", Map.of(),
                "--special-tokens-in-text", "allow");
        assertRefused("--eos-id (SFTSTREAM_EOS_ID) has the value '-1', which is out of range; "
                + "allowed: a whole number from 0", Map.of(), "--eos-id", "-1");
        assertRefused("--max-record-bytes (SFTSTREAM_MAX_RECORD_BYTES) has the value '1MB', "
                + "which is not a whole number; allowed: a whole number from 1 to 2147483631",
                Map.of(), "--max-record-bytes", "1MB");
        assertRefused("--eos-token (SFTSTREAM_EOS_TOKEN) and --eos-id (SFTSTREAM_EOS_ID) are "
                + "both set; give at most one of them", Map.of("SFTSTREAM_EOS_ID", "2"),
                "--eos-token", "</s>");
    }

    private static void assertRefused(final String message, final Map<String, String> env,
                                      final String... args) {
        final SettingsException e = assertThrows(SettingsException.class,
                () -> resolve(env, args));
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldExitWithUsageStatusBeforeReadingAnyRecord() {
        final StringWriter err = new StringWriter();
        final int status = Main.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), "file", "--input", "/does/not/matter.jsonl",
                "--output", "o", "--dlq", "d", "--template", "nope");
        assertEquals(Main.EXIT_USAGE, status);
        assertEquals("sftstream: --template (SFTSTREAM_TEMPLATE) has the value 'nope', which "
                + "is not allowed; allowed: chatml, llama3, llama2, alpaca, raw, model\n",
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void shouldWriteHelpTextsAndKnownVariablesFromTheSettingsTable() {
        final StringWriter help = new StringWriter();
        final CommandLine cli = new CommandLine(new Main());
        SettingsTable.applyHelp(cli);
        cli.getSubcommands().get("run").usage(new PrintWriter(help));
        final String text = help.toString().replaceAll("\\s+", " ");
        assertTrue(text.contains("longest sequence, in tokens; env SFTSTREAM_MAX_TOKENS; "
                + "default 4096"), text);
        assertTrue(text.contains("Kafka brokers; env SFTSTREAM_BOOTSTRAP_SERVERS or "
                + "KAFKA_BOOTSTRAP_SERVERS"), text);
        for (final Setting<?> setting : SettingsTable.ALL) {
            assertTrue(EnvironmentNames.SFTSTREAM.contains(setting.env()), setting.env());
        }
        assertEquals(SettingsTable.ALL.size(), EnvironmentNames.SFTSTREAM.size());
    }
}
