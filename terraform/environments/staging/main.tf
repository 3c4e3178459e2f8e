# One Swarmhost platform in one AWS region. staging and production hold the same
# main.tf, variables.tf and outputs.tf (a test keeps them identical); what differs is
# in their .tfvars and backend key.

locals {
  name = "swarmhost-${var.environment}"
  common_tags = merge(var.extra_tags, {
    Project     = "swarmhost"
    Environment = var.environment
    ManagedBy   = "terraform"
  })
}

module "network" {
  source             = "../../modules/network"
  name               = local.name
  cidr_block         = var.vpc_cidr
  availability_zones = var.availability_zones
  single_nat_gateway = var.single_nat_gateway
  tags               = local.common_tags
}

module "secrets" {
  source                  = "../../modules/secrets"
  name                    = local.name
  recovery_window_in_days = var.environment == "production" ? 30 : 0
  tags                    = local.common_tags
}

module "data" {
  source                            = "../../modules/data"
  name                              = local.name
  vpc_id                            = module.network.vpc_id
  private_subnet_ids                = module.network.private_subnet_ids
  client_security_group_ids         = [module.network.tasks_security_group_id]
  database_instance_class           = var.database.instance_class
  database_allocated_storage_gb     = var.database.allocated_storage_gb
  database_max_allocated_storage_gb = var.database.max_allocated_storage_gb
  database_multi_az                 = var.database.multi_az
  database_backup_retention_days    = var.database.backup_retention_days
  database_deletion_protection      = var.database.deletion_protection
  database_master_password          = module.secrets.database_master_password
  database_roles_password           = module.secrets.database_roles_password
  redis_node_type                   = var.redis.node_type
  redis_replicas                    = var.redis.replicas
  redis_auth_token                  = module.secrets.redis_auth_token
  secret_recovery_window_in_days    = var.environment == "production" ? 30 : 0
  tags                              = local.common_tags
}

module "cluster" {
  source = "../../modules/cluster"
  name   = local.name
  vpc_id = module.network.vpc_id
  secret_arns = concat(module.secrets.secret_arns, [
    module.data.database_secret_arn,
    module.data.redis_secret_arn,
  ])
  tags = local.common_tags
}

module "search" {
  source                    = "../../modules/search"
  name                      = local.name
  vpc_id                    = module.network.vpc_id
  private_subnet_ids        = module.network.private_subnet_ids
  client_security_group_ids = [module.network.tasks_security_group_id]
  cluster_arn               = module.cluster.cluster_arn
  namespace_id              = module.cluster.namespace_id
  namespace_name            = module.cluster.namespace_name
  execution_role_arn        = module.cluster.execution_role_arn
  master_key_secret_arn     = module.secrets.meilisearch_master_key_secret_arn
  image                     = var.meilisearch_image
  cpu                       = var.search.cpu
  memory_mib                = var.search.memory_mib
  log_retention_days        = var.log_retention_days
  tags                      = local.common_tags
}

module "edge" {
  source                      = "../../modules/edge"
  name                        = local.name
  vpc_id                      = module.network.vpc_id
  public_subnet_ids           = module.network.public_subnet_ids
  tasks_security_group_id     = module.network.tasks_security_group_id
  base_domain                 = var.base_domain
  route53_zone_id             = var.route53_zone_id
  gateway_host                = var.gateway_host
  tenant_custom_domains       = var.tenant_custom_domains
  tenant_custom_domains_ready = var.tenant_custom_domains_ready
  site_cells                  = { for cell, settings in var.site_cells : cell => settings.hosts }
  search_lane                 = var.search_lane != null
  site_port                   = 3000
  gateway_port                = 3200
  idle_timeout_seconds        = 300
  tags                        = local.common_tags
}

module "compute" {
  source                          = "../../modules/compute"
  name                            = local.name
  vpc_id                          = module.network.vpc_id
  public_subnet_ids               = module.network.public_subnet_ids
  private_subnet_ids              = module.network.private_subnet_ids
  tasks_security_group_id         = module.network.tasks_security_group_id
  cluster_arn                     = module.cluster.cluster_arn
  cluster_name                    = module.cluster.cluster_name
  execution_role_arn              = module.cluster.execution_role_arn
  image_registry                  = var.image_registry
  image_tag                       = var.image_tag
  metrics_agent_image             = var.metrics_agent_image
  base_domain                     = var.base_domain
  route53_zone_id                 = var.route53_zone_id
  gateway_host                    = var.gateway_host
  mail_from                       = var.mail_from
  log_level                       = var.log_level
  log_retention_days              = var.log_retention_days
  database_secret_arn             = module.data.database_secret_arn
  redis_secret_arn                = module.data.redis_secret_arn
  realtime_token_secret_arn       = module.secrets.realtime_token_secret_arn
  smtp_url_secret_arn             = module.secrets.smtp_url_secret_arn
  meilisearch_key_secret_arn      = module.secrets.meilisearch_master_key_secret_arn
  search_backend                  = var.search_backend
  meilisearch_url                 = module.search.url
  site                            = var.site
  gateway                         = var.gateway
  worker                          = var.worker
  tracker_cells                   = var.tracker_cells
  default_tracker_cell            = var.default_tracker_cell
  site_target_group_arn           = module.edge.site_target_group_arn
  site_target_group_arn_suffix    = module.edge.site_target_group_arn_suffix
  gateway_target_group_arn        = module.edge.gateway_target_group_arn
  gateway_target_group_arn_suffix = module.edge.gateway_target_group_arn_suffix
  alb_arn_suffix                  = module.edge.alb_arn_suffix
  web_trusted_proxies             = module.network.public_subnet_cidr_blocks
  tags                            = local.common_tags

  # Site cells: the edge routes their hosts, compute runs a site service for each.
  site_cells                          = { for cell, settings in var.site_cells : cell => { min_count = settings.min_count, max_count = settings.max_count } }
  site_cell_target_group_arns         = module.edge.site_cell_target_group_arns
  site_cell_target_group_arn_suffixes = module.edge.site_cell_target_group_arn_suffixes
  # The search lane: the edge routes searches to its target group (a cell's, "search").
  search_lane = var.search_lane
}

module "observability" {
  source                       = "../../modules/observability"
  name                         = local.name
  alarm_email                  = var.alarms.email
  alb_arn_suffix               = module.edge.alb_arn_suffix
  site_target_group_arn_suffix = module.edge.site_target_group_arn_suffix
  error_rate_percent           = var.alarms.error_rate_percent
  site_p99_seconds             = var.alarms.site_p99_seconds
  tracker_cells                = keys(var.tracker_cells)
  tracker_flush_lag_seconds    = var.alarms.tracker_flush_lag_seconds
  redis_replication_group_id   = module.data.redis_replication_group_id
  redis_node_count             = var.redis.replicas + 1
  redis_memory_percent         = var.alarms.redis_memory_percent
  database_instance_id         = module.data.database_instance_id
  database_cpu_percent         = var.alarms.database_cpu_percent
  database_free_storage_gb     = var.alarms.database_free_storage_gb
  tags                         = local.common_tags

  # A p99 alarm for each site cell and the search lane too.
  site_cell_target_group_arn_suffixes = module.edge.site_cell_target_group_arn_suffixes
}
