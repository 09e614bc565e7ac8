/// A deployment as the management plane answers it:
/// `{id, name, type, sku: {name, capacity}, properties: {model: {format, name, version}, provisioningState}}`
/// (reference §3, [S12]). Fields Azure may leave out are optional.
public struct AzureDeployment: Sendable, Hashable, Decodable {
    public var id: String?
    public var name: String
    public var skuName: String?
    public var capacity: Int?
    public var modelName: String?
    /// `Accepted`, `Canceled`, `Creating`, `Deleting`, `Disabled`, `Failed`, `Moving` or
    /// `Succeeded` [S13]; any other value is carried as is.
    public var provisioningState: String?

    public init(
        id: String? = nil, name: String, skuName: String? = nil, capacity: Int? = nil,
        modelName: String? = nil, provisioningState: String? = nil
    ) {
        self.id = id
        self.name = name
        self.skuName = skuName
        self.capacity = capacity
        self.modelName = modelName
        self.provisioningState = provisioningState
    }

    private enum Keys: String, CodingKey { case id, name, sku, properties }
    private enum SKUKeys: String, CodingKey { case name, capacity }
    private enum PropertyKeys: String, CodingKey { case model, provisioningState }
    private enum ModelKeys: String, CodingKey { case name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        if container.contains(.sku), (try? container.decodeNil(forKey: .sku)) == false {
            let sku = try container.nestedContainer(keyedBy: SKUKeys.self, forKey: .sku)
            skuName = try sku.decodeIfPresent(String.self, forKey: .name)
            capacity = try sku.decodeIfPresent(Int.self, forKey: .capacity)
        }
        if container.contains(.properties), (try? container.decodeNil(forKey: .properties)) == false {
            let properties = try container.nestedContainer(keyedBy: PropertyKeys.self, forKey: .properties)
            provisioningState = try properties.decodeIfPresent(String.self, forKey: .provisioningState)
            if properties.contains(.model), (try? properties.decodeNil(forKey: .model)) == false {
                modelName = try properties.nestedContainer(keyedBy: ModelKeys.self, forKey: .model)
                    .decodeIfPresent(String.self, forKey: .name)
            }
        }
    }
}

/// The deployments list: `{"value": [...], "nextLink": …}`.
struct AzureDeploymentList: Decodable {
    var value: [AzureDeployment]
    var nextLink: String?
}

/// The body of a deployment PUT.
struct AzureDeploymentRequest: Encodable {
    struct SKU: Encodable {
        var name: String
        var capacity: Int
    }
    struct Model: Encodable {
        var format = "OpenAI"
        var name: String
        var version = "1"
    }
    struct Properties: Encodable { var model: Model }
    var sku: SKU
    var properties: Properties
}
