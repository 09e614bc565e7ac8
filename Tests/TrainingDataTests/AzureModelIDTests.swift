import Testing
import TrainingData

/// Azure's fine-tuned model ids (`BASE.ft-HEX[-suffix]`) and checkpoint ids.
@Suite struct AzureModelIDTests {
    @Test func azureModelAndCheckpointIDsAreRecognised() {
        #expect(
            FineTunableModels.azureFineTuneBase("gpt-4.1-2025-04-14.ft-5fd1918ee65d4cd38a5dcf6835066ed7")
                == "gpt-4.1-2025-04-14")
        #expect(
            FineTunableModels.azureFineTuneBase("gpt-4o-mini-2024-07-18.ft-5fd1918ee65d4cd38a5dcf6835066ed7-my_suffix")
                == "gpt-4o-mini-2024-07-18")
        #expect(FineTunableModels.azureFineTuneBase("gpt-4o-mini") == nil)
        #expect(FineTunableModels.azureFineTuneBase("ft:gpt-4o-mini:org::abc") == nil)
        #expect(FineTunableModels.check("gpt-4.1-2025-04-14.ft-5fd1918ee65d4cd38a5dcf6835066ed7") == .needsAccount)
        #expect(FineTunableModels.isAzureCheckpointID("ftchkpt-e559c011ecc04fc68eaa339d8227d02d"))
        #expect(FineTunableModels.isAzureCheckpointID("ftckpt_qtZ5Gyk4BLq1SfLFWp3RtO3P"))
    }
}
